import {
  ActionIcon,
  type ActionIconProps,
  Anchor,
  type AnchorProps,
  Button,
  type ButtonProps,
  NavLink,
  type NavLinkProps,
} from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';

// Mantine components that navigate with the router, type-checked against the route tree. Mantine's
// polymorphic types are pinned to an <a> first, as the router's createLink needs a concrete component.
type AnchorElementProps<P> = P & Omit<ComponentPropsWithoutRef<'a'>, keyof P>;

const AnchorA = forwardRef<HTMLAnchorElement, AnchorElementProps<AnchorProps>>((props, ref) => (
  <Anchor component="a" ref={ref} {...props} />
));
const ButtonA = forwardRef<HTMLAnchorElement, AnchorElementProps<ButtonProps>>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));
const ActionIconA = forwardRef<HTMLAnchorElement, AnchorElementProps<ActionIconProps>>((props, ref) => (
  <ActionIcon component="a" ref={ref} {...props} />
));
const NavLinkA = forwardRef<HTMLAnchorElement, AnchorElementProps<NavLinkProps>>((props, ref) => (
  <NavLink component="a" ref={ref} {...props} />
));

export const AnchorLink = createLink(AnchorA);
export const ButtonLink = createLink(ButtonA);
export const ActionIconLink = createLink(ActionIconA);
export const NavLinkLink = createLink(NavLinkA);
