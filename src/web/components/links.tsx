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
import { createLink, useRouter } from '@tanstack/react-router';
import { type ComponentPropsWithoutRef, forwardRef, type MouseEvent } from 'react';

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

/**
 * A click handler that follows an in-app href with the router on a plain left click (a modified click
 * opens a tab as usual). For long lists: the router's Link builds and matches its location on every
 * render, which costs milliseconds per row; a plain <a href> with this handler costs nothing.
 */
function useInAppClick(href: string) {
  const router = useRouter();
  return (event: MouseEvent<HTMLAnchorElement>) => {
    const isModified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || isModified) return;
    event.preventDefault();
    void router.navigate({ href });
  };
}

type HrefProps<P> = AnchorElementProps<P> & { href: string };

/** An Anchor to an in-app path, cheap enough for every row of a long list. */
export const RowAnchor = forwardRef<HTMLAnchorElement, HrefProps<AnchorProps>>(({ href, ...props }, ref) => (
  <Anchor component="a" ref={ref} href={href} onClick={useInAppClick(href)} {...props} />
));

/** An ActionIcon to an in-app path, cheap enough for every row of a long list. */
export const RowActionIcon = forwardRef<HTMLAnchorElement, HrefProps<ActionIconProps>>(
  ({ href, ...props }, ref) => (
    <ActionIcon component="a" ref={ref} href={href} onClick={useInAppClick(href)} {...props} />
  ),
);
